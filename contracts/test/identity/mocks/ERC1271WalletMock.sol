// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @dev A contract wallet that accepts digests signed by one key (like a 1-of-1 Safe), or
/// refuses everything when `refuse` is set.
contract ERC1271WalletMock is IERC1271 {
    address public immutable signer;
    bool public refuse;

    constructor(address signer_) {
        signer = signer_;
    }

    function setRefuse(bool refuse_) external {
        refuse = refuse_;
    }

    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        (address recovered, ECDSA.RecoverError err,) = ECDSA.tryRecover(hash, signature);
        if (!refuse && err == ECDSA.RecoverError.NoError && recovered == signer) {
            return IERC1271.isValidSignature.selector;
        }
        return 0xffffffff;
    }
}
