// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "../utils/Test.sol";
import {IERC721Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IdentityRegistry} from "../../src/identity/IdentityRegistry.sol";
import {IIdentityRegistry} from "../../src/identity/interfaces/IIdentityRegistry.sol";
import {ERC1271WalletMock} from "./mocks/ERC1271WalletMock.sol";

contract IdentityRegistryTest is Test {
    event Transfer(address indexed from, address indexed to, uint256 indexed tokenId);

    IdentityRegistry internal registry;
    address internal owner;
    address internal stranger;
    uint256 internal walletKey;
    address internal wallet;

    string internal constant URI = "ipfs://bafkreivouchagentregistration";

    function setUp() public {
        registry = new IdentityRegistry();
        owner = makeAddr("owner");
        stranger = makeAddr("stranger");
        walletKey = uint256(keccak256("agent wallet key"));
        wallet = vm.addr(walletKey);
        vm.warp(1_700_000_000);
    }

    // ------------------------------------------------------------------ helpers

    function _register() internal returns (uint256 agentId) {
        vm.prank(owner);
        agentId = registry.register(URI);
    }

    function _signWallet(uint256 key, uint256 agentId, address newWallet, address agentOwner, uint256 deadline)
        internal
        view
        returns (bytes memory)
    {
        bytes32 digest = registry.agentWalletDigest(agentId, newWallet, agentOwner, deadline);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }

    function _entries(string memory k1, bytes memory v1) internal pure returns (IIdentityRegistry.MetadataEntry[] memory e) {
        e = new IIdentityRegistry.MetadataEntry[](1);
        e[0] = IIdentityRegistry.MetadataEntry(k1, v1);
    }

    // ------------------------------------------------------------------ register

    function test_register_noURI_succeeds() public {
        vm.expectEmit(true, true, false, true, address(registry));
        emit IIdentityRegistry.Registered(1, "", owner);
        vm.prank(owner);
        uint256 agentId = registry.register();
        assertEq(agentId, 1);
        assertEq(registry.ownerOf(1), owner);
        assertEq(registry.tokenURI(1), "");
        assertEq(registry.getAgentWallet(1), owner);
    }

    function test_register_withURI_succeeds() public {
        vm.expectEmit(true, true, true, true, address(registry));
        emit Transfer(address(0), owner, 1);
        vm.expectEmit(true, true, false, true, address(registry));
        emit IIdentityRegistry.MetadataSet(1, "agentWallet", "agentWallet", abi.encodePacked(owner));
        vm.expectEmit(true, true, false, true, address(registry));
        emit IIdentityRegistry.Registered(1, URI, owner);
        uint256 agentId = _register();
        assertEq(registry.tokenURI(agentId), URI);
        assertEq(registry.balanceOf(owner), 1);
        assertEq(registry.totalAgents(), 1);
    }

    function test_register_withMetadata_succeeds() public {
        IIdentityRegistry.MetadataEntry[] memory e = new IIdentityRegistry.MetadataEntry[](2);
        e[0] = IIdentityRegistry.MetadataEntry("vouch:models", bytes("mnist-cnn-int8"));
        e[1] = IIdentityRegistry.MetadataEntry("agentName", bytes("vouch-worker.eth"));
        vm.expectEmit(true, true, false, true, address(registry));
        emit IIdentityRegistry.MetadataSet(1, "vouch:models", "vouch:models", bytes("mnist-cnn-int8"));
        vm.prank(owner);
        uint256 agentId = registry.register(URI, e);
        assertEq(registry.getMetadata(agentId, "vouch:models"), bytes("mnist-cnn-int8"));
        assertEq(registry.getMetadata(agentId, "agentName"), bytes("vouch-worker.eth"));
        assertEq(registry.getMetadata(agentId, "unset"), bytes(""));
    }

    function test_register_reservedMetadataKey_reverts() public {
        vm.expectRevert(
            abi.encodeWithSelector(IIdentityRegistry.IdentityRegistry_ReservedMetadataKey.selector, "agentWallet")
        );
        vm.prank(owner);
        registry.register(URI, _entries("agentWallet", abi.encodePacked(stranger)));
    }

    function test_register_incrementalIds_succeeds() public {
        assertEq(_register(), 1);
        vm.prank(stranger);
        assertEq(registry.register(), 2);
        assertEq(_register(), 3);
        assertEq(registry.totalAgents(), 3);
        assertEq(registry.ownerOf(2), stranger);
    }

    // ------------------------------------------------------------------ setAgentURI

    function test_setAgentURI_owner_succeeds() public {
        uint256 agentId = _register();
        vm.expectEmit(true, true, false, true, address(registry));
        emit IIdentityRegistry.URIUpdated(agentId, "https://agent.example/reg.json", owner);
        vm.prank(owner);
        registry.setAgentURI(agentId, "https://agent.example/reg.json");
        assertEq(registry.tokenURI(agentId), "https://agent.example/reg.json");
    }

    function test_setAgentURI_approved_succeeds() public {
        uint256 agentId = _register();
        vm.prank(owner);
        registry.approve(stranger, agentId);
        vm.prank(stranger);
        registry.setAgentURI(agentId, "ipfs://new");
        assertEq(registry.tokenURI(agentId), "ipfs://new");
    }

    function test_setAgentURI_operator_succeeds() public {
        uint256 agentId = _register();
        vm.prank(owner);
        registry.setApprovalForAll(stranger, true);
        vm.prank(stranger);
        registry.setAgentURI(agentId, "ipfs://op");
        assertEq(registry.tokenURI(agentId), "ipfs://op");
    }

    function test_setAgentURI_unauthorized_reverts() public {
        uint256 agentId = _register();
        vm.expectRevert(
            abi.encodeWithSelector(IIdentityRegistry.IdentityRegistry_NotAuthorized.selector, agentId, stranger)
        );
        vm.prank(stranger);
        registry.setAgentURI(agentId, "ipfs://evil");
    }

    function test_setAgentURI_unknownAgent_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, 7));
        vm.prank(owner);
        registry.setAgentURI(7, "ipfs://x");
    }

    // ------------------------------------------------------------------ metadata

    function test_setMetadata_owner_succeeds() public {
        uint256 agentId = _register();
        vm.expectEmit(true, true, false, true, address(registry));
        emit IIdentityRegistry.MetadataSet(agentId, "vouch:modes", "vouch:modes", bytes("optimistic,quorum"));
        vm.prank(owner);
        registry.setMetadata(agentId, "vouch:modes", bytes("optimistic,quorum"));
        assertEq(registry.getMetadata(agentId, "vouch:modes"), bytes("optimistic,quorum"));
    }

    function test_setMetadata_overwrite_succeeds() public {
        uint256 agentId = _register();
        vm.startPrank(owner);
        registry.setMetadata(agentId, "k", bytes("a"));
        registry.setMetadata(agentId, "k", bytes(""));
        vm.stopPrank();
        assertEq(registry.getMetadata(agentId, "k"), bytes(""));
    }

    function test_setMetadata_unauthorized_reverts() public {
        uint256 agentId = _register();
        vm.expectRevert(
            abi.encodeWithSelector(IIdentityRegistry.IdentityRegistry_NotAuthorized.selector, agentId, stranger)
        );
        vm.prank(stranger);
        registry.setMetadata(agentId, "k", bytes("v"));
    }

    function test_setMetadata_reservedKey_reverts() public {
        uint256 agentId = _register();
        vm.expectRevert(
            abi.encodeWithSelector(IIdentityRegistry.IdentityRegistry_ReservedMetadataKey.selector, "agentWallet")
        );
        vm.prank(owner);
        registry.setMetadata(agentId, "agentWallet", abi.encodePacked(stranger));
    }

    function test_getMetadata_agentWallet_succeeds() public {
        uint256 agentId = _register();
        assertEq(registry.getMetadata(agentId, "agentWallet"), abi.encodePacked(owner));
        vm.prank(owner);
        registry.unsetAgentWallet(agentId);
        assertEq(registry.getMetadata(agentId, "agentWallet"), bytes(""));
    }

    function test_getMetadata_unknownAgent_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, 1));
        registry.getMetadata(1, "k");
    }

    // ------------------------------------------------------------------ agent wallet

    function test_agentWalletDigest_matchesEip712_succeeds() public {
        uint256 agentId = _register();
        bytes32 domainSeparator = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256("ERC8004IdentityRegistry"),
                keccak256("1"),
                block.chainid,
                address(registry)
            )
        );
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("AgentWalletSet(uint256 agentId,address newWallet,address owner,uint256 deadline)"),
                agentId,
                wallet,
                owner,
                uint256(1_700_000_600)
            )
        );
        bytes32 expected = keccak256(abi.encodePacked("\x19\x01", domainSeparator, structHash));
        assertEq(registry.agentWalletDigest(agentId, wallet, owner, 1_700_000_600), expected);
    }

    function test_setAgentWallet_eoaSignature_succeeds() public {
        uint256 agentId = _register();
        uint256 deadline = block.timestamp + 10 minutes;
        bytes memory sig = _signWallet(walletKey, agentId, wallet, owner, deadline);
        vm.expectEmit(true, true, false, true, address(registry));
        emit IIdentityRegistry.MetadataSet(agentId, "agentWallet", "agentWallet", abi.encodePacked(wallet));
        vm.prank(owner);
        registry.setAgentWallet(agentId, wallet, deadline, sig);
        assertEq(registry.getAgentWallet(agentId), wallet);
        assertEq(registry.getMetadata(agentId, "agentWallet"), abi.encodePacked(wallet));
    }

    function test_setAgentWallet_atDeadline_succeeds() public {
        uint256 agentId = _register();
        uint256 deadline = block.timestamp;
        bytes memory sig = _signWallet(walletKey, agentId, wallet, owner, deadline);
        vm.prank(owner);
        registry.setAgentWallet(agentId, wallet, deadline, sig);
        assertEq(registry.getAgentWallet(agentId), wallet);
    }

    function test_setAgentWallet_erc1271Wallet_succeeds() public {
        uint256 agentId = _register();
        ERC1271WalletMock safe = new ERC1271WalletMock(wallet);
        uint256 deadline = block.timestamp + 1 hours;
        bytes memory sig = _signWallet(walletKey, agentId, address(safe), owner, deadline);
        vm.prank(owner);
        registry.setAgentWallet(agentId, address(safe), deadline, sig);
        assertEq(registry.getAgentWallet(agentId), address(safe));
    }

    function test_setAgentWallet_eoaWithDelegatedCode_succeeds() public {
        // An EIP-7702 account: the key's address carries a delegation designator
        // (0xef0100 || delegate) whose delegate does not implement ERC-1271; its own key still signs.
        uint256 agentId = _register();
        vm.etch(wallet, abi.encodePacked(hex"ef0100", address(0xdE1E9A7e)));
        uint256 deadline = block.timestamp + 10 minutes;
        bytes memory sig = _signWallet(walletKey, agentId, wallet, owner, deadline);
        vm.prank(owner);
        registry.setAgentWallet(agentId, wallet, deadline, sig);
        assertEq(registry.getAgentWallet(agentId), wallet);
    }

    function test_setAgentWallet_erc1271WrongSigner_reverts() public {
        // The contract wallet's own rule decides: a signature by someone else's key fails.
        uint256 agentId = _register();
        ERC1271WalletMock safe = new ERC1271WalletMock(wallet);
        uint256 deadline = block.timestamp + 1 hours;
        bytes memory sig = _signWallet(uint256(keccak256("intruder")), agentId, address(safe), owner, deadline);
        vm.expectRevert(
            abi.encodeWithSelector(
                IIdentityRegistry.IdentityRegistry_InvalidWalletSignature.selector, agentId, address(safe)
            )
        );
        vm.prank(owner);
        registry.setAgentWallet(agentId, address(safe), deadline, sig);
    }

    function test_setAgentWallet_erc1271Refuses_reverts() public {
        uint256 agentId = _register();
        ERC1271WalletMock safe = new ERC1271WalletMock(wallet);
        safe.setRefuse(true);
        uint256 deadline = block.timestamp + 1 hours;
        bytes memory sig = _signWallet(walletKey, agentId, address(safe), owner, deadline);
        vm.expectRevert(
            abi.encodeWithSelector(
                IIdentityRegistry.IdentityRegistry_InvalidWalletSignature.selector, agentId, address(safe)
            )
        );
        vm.prank(owner);
        registry.setAgentWallet(agentId, address(safe), deadline, sig);
    }

    function test_setAgentWallet_badSignature_reverts() public {
        uint256 agentId = _register();
        uint256 deadline = block.timestamp + 10 minutes;
        // Signed by some other key than the wallet's.
        bytes memory sig = _signWallet(uint256(keccak256("not the wallet")), agentId, wallet, owner, deadline);
        vm.expectRevert(
            abi.encodeWithSelector(IIdentityRegistry.IdentityRegistry_InvalidWalletSignature.selector, agentId, wallet)
        );
        vm.prank(owner);
        registry.setAgentWallet(agentId, wallet, deadline, sig);
    }

    function test_setAgentWallet_malformedSignature_reverts() public {
        uint256 agentId = _register();
        vm.expectRevert(
            abi.encodeWithSelector(IIdentityRegistry.IdentityRegistry_InvalidWalletSignature.selector, agentId, wallet)
        );
        vm.prank(owner);
        registry.setAgentWallet(agentId, wallet, block.timestamp, hex"1234");
    }

    function test_setAgentWallet_signedForOtherDeadline_reverts() public {
        uint256 agentId = _register();
        uint256 deadline = block.timestamp + 10 minutes;
        bytes memory sig = _signWallet(walletKey, agentId, wallet, owner, deadline);
        vm.expectRevert(
            abi.encodeWithSelector(IIdentityRegistry.IdentityRegistry_InvalidWalletSignature.selector, agentId, wallet)
        );
        vm.prank(owner);
        registry.setAgentWallet(agentId, wallet, deadline + 1, sig);
    }

    function test_setAgentWallet_expiredDeadline_reverts() public {
        uint256 agentId = _register();
        uint256 deadline = block.timestamp + 10 minutes;
        bytes memory sig = _signWallet(walletKey, agentId, wallet, owner, deadline);
        vm.warp(deadline + 1);
        vm.expectRevert(
            abi.encodeWithSelector(IIdentityRegistry.IdentityRegistry_SignatureExpired.selector, deadline, deadline + 1)
        );
        vm.prank(owner);
        registry.setAgentWallet(agentId, wallet, deadline, sig);
    }

    function test_setAgentWallet_unauthorized_reverts() public {
        uint256 agentId = _register();
        uint256 deadline = block.timestamp + 10 minutes;
        bytes memory sig = _signWallet(walletKey, agentId, wallet, owner, deadline);
        vm.expectRevert(
            abi.encodeWithSelector(IIdentityRegistry.IdentityRegistry_NotAuthorized.selector, agentId, stranger)
        );
        vm.prank(stranger);
        registry.setAgentWallet(agentId, wallet, deadline, sig);
    }

    function test_setAgentWallet_approvedCaller_succeeds() public {
        uint256 agentId = _register();
        vm.prank(owner);
        registry.approve(stranger, agentId);
        uint256 deadline = block.timestamp + 10 minutes;
        // The digest binds the owner, not the caller: an approved manager relays the owner's setting.
        bytes memory sig = _signWallet(walletKey, agentId, wallet, owner, deadline);
        vm.prank(stranger);
        registry.setAgentWallet(agentId, wallet, deadline, sig);
        assertEq(registry.getAgentWallet(agentId), wallet);
    }

    function test_setAgentWallet_zeroWallet_reverts() public {
        uint256 agentId = _register();
        vm.expectRevert(abi.encodeWithSelector(IIdentityRegistry.IdentityRegistry_ZeroWallet.selector, agentId));
        vm.prank(owner);
        registry.setAgentWallet(agentId, address(0), block.timestamp, "");
    }

    function test_setAgentWallet_replay_reverts() public {
        uint256 agentId = _register();
        uint256 deadline = block.timestamp + 10 minutes;
        bytes memory sig = _signWallet(walletKey, agentId, wallet, owner, deadline);
        vm.startPrank(owner);
        registry.setAgentWallet(agentId, wallet, deadline, sig);
        registry.unsetAgentWallet(agentId);
        bytes32 digest = registry.agentWalletDigest(agentId, wallet, owner, deadline);
        vm.expectRevert(
            abi.encodeWithSelector(IIdentityRegistry.IdentityRegistry_SignatureAlreadyUsed.selector, digest)
        );
        registry.setAgentWallet(agentId, wallet, deadline, sig);
        vm.stopPrank();
    }

    function test_setAgentWallet_signatureForPreviousOwner_reverts() public {
        uint256 agentId = _register();
        uint256 deadline = block.timestamp + 10 minutes;
        // The wallet consented to serve `owner`; after a sale the buyer cannot reuse that consent.
        bytes memory sig = _signWallet(walletKey, agentId, wallet, owner, deadline);
        vm.prank(owner);
        registry.transferFrom(owner, stranger, agentId);
        vm.expectRevert(
            abi.encodeWithSelector(IIdentityRegistry.IdentityRegistry_InvalidWalletSignature.selector, agentId, wallet)
        );
        vm.prank(stranger);
        registry.setAgentWallet(agentId, wallet, deadline, sig);
    }

    function testFuzz_setAgentWallet_anyKey_succeeds(uint256 key, uint32 validFor) public {
        key = bound(key, 1, 115792089237316195423570985008687907852837564279074904382605163141518161494336);
        address w = vm.addr(key);
        vm.assume(w.code.length == 0);
        uint256 agentId = _register();
        uint256 deadline = block.timestamp + validFor;
        bytes memory sig = _signWallet(key, agentId, w, owner, deadline);
        vm.prank(owner);
        registry.setAgentWallet(agentId, w, deadline, sig);
        assertEq(registry.getAgentWallet(agentId), w);
    }

    function test_unsetAgentWallet_owner_succeeds() public {
        uint256 agentId = _register();
        vm.expectEmit(true, true, false, true, address(registry));
        emit IIdentityRegistry.MetadataSet(agentId, "agentWallet", "agentWallet", bytes(""));
        vm.prank(owner);
        registry.unsetAgentWallet(agentId);
        assertEq(registry.getAgentWallet(agentId), address(0));
    }

    function test_unsetAgentWallet_unauthorized_reverts() public {
        uint256 agentId = _register();
        vm.expectRevert(
            abi.encodeWithSelector(IIdentityRegistry.IdentityRegistry_NotAuthorized.selector, agentId, stranger)
        );
        vm.prank(stranger);
        registry.unsetAgentWallet(agentId);
    }

    function test_getAgentWallet_unknownAgent_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, 3));
        registry.getAgentWallet(3);
    }

    // ------------------------------------------------------------------ transfers

    function test_transferFrom_clearsAgentWallet_succeeds() public {
        uint256 agentId = _register();
        uint256 deadline = block.timestamp + 10 minutes;
        bytes memory sig = _signWallet(walletKey, agentId, wallet, owner, deadline);
        vm.startPrank(owner);
        registry.setAgentWallet(agentId, wallet, deadline, sig);
        registry.setMetadata(agentId, "vouch:models", bytes("m"));
        vm.expectEmit(true, true, false, true, address(registry));
        emit IIdentityRegistry.MetadataSet(agentId, "agentWallet", "agentWallet", bytes(""));
        registry.transferFrom(owner, stranger, agentId);
        vm.stopPrank();
        assertEq(registry.getAgentWallet(agentId), address(0));
        assertEq(registry.ownerOf(agentId), stranger);
        // Other metadata and the URI travel with the agent.
        assertEq(registry.getMetadata(agentId, "vouch:models"), bytes("m"));
        assertEq(registry.tokenURI(agentId), URI);
    }

    function test_transferFrom_newOwnerManages_succeeds() public {
        uint256 agentId = _register();
        vm.prank(owner);
        registry.transferFrom(owner, stranger, agentId);
        vm.expectRevert(
            abi.encodeWithSelector(IIdentityRegistry.IdentityRegistry_NotAuthorized.selector, agentId, owner)
        );
        vm.prank(owner);
        registry.setAgentURI(agentId, "ipfs://old-owner");
        vm.prank(stranger);
        registry.setAgentURI(agentId, "ipfs://new-owner");
        assertEq(registry.tokenURI(agentId), "ipfs://new-owner");
    }

    // ------------------------------------------------------------------ views

    function test_isAuthorizedOrOwner_roles_succeeds() public {
        uint256 agentId = _register();
        assertTrue(registry.isAuthorizedOrOwner(owner, agentId));
        assertFalse(registry.isAuthorizedOrOwner(stranger, agentId));
        vm.prank(owner);
        registry.approve(stranger, agentId);
        assertTrue(registry.isAuthorizedOrOwner(stranger, agentId));
        assertFalse(registry.isAuthorizedOrOwner(address(0), agentId));
    }

    function test_supportsInterface_erc721AndErc4906_succeeds() public view {
        assertTrue(registry.supportsInterface(0x80ac58cd)); // ERC-721
        assertTrue(registry.supportsInterface(0x5b5e139f)); // ERC-721 metadata
        assertTrue(registry.supportsInterface(0x49064906)); // ERC-4906 metadata updates
    }
}
